import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import type { MessageKey } from './es';
import { Translator } from './translator';

/** Route `title`s are catalogue keys; the document title is "<page> · Conexión Empresas". */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly translator = inject(Translator);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const key = this.buildTitle(snapshot);
    const app = this.translator.t('app.name');
    this.title.setTitle(key ? `${this.translator.t(key as MessageKey)} · ${app}` : app);
  }
}
