import { Injectable, InjectionToken, inject } from '@angular/core';
import { ES, type Catalogue, type MessageKey } from './es';

export type MessageParams = Record<string, string | number>;

export const CATALOGUE = new InjectionToken<Catalogue>('CATALOGUE', { providedIn: 'root', factory: () => ES });

@Injectable({ providedIn: 'root' })
export class Translator {
  private readonly catalogue: Readonly<Record<string, string>> = inject(CATALOGUE);

  /**
   * Unknown keys come back as `⟦key⟧`: a gap in a catalogue (or a key built at run time from server
   * data) must be seen on screen, not hidden.
   */
  t(key: MessageKey, params?: MessageParams): string {
    const text = Object.prototype.hasOwnProperty.call(this.catalogue, key) ? this.catalogue[key] : undefined;
    if (text === undefined) return `⟦${key}⟧`;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  }
}
