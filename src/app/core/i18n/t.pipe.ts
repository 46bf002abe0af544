import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { MessageKey } from './es';
import { Translator, type MessageParams } from './translator';

/** `{{ 'login.title' | t }}` — literal keys are type-checked against the catalogue. */
@Pipe({ name: 't' })
export class TPipe implements PipeTransform {
  private readonly translator = inject(Translator);

  transform(key: MessageKey, params?: MessageParams): string {
    return this.translator.t(key, params);
  }
}
