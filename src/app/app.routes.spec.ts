import type { Route } from '@angular/router';
import { routes } from './app.routes';
import shellRoutes from './shell/shell.routes';

/** Issue 2: every feature route is lazy, so the first download is only what the sign-in page needs. */
describe('application routes', () => {
  const pages = (list: readonly Route[]) => list.filter((route) => route.redirectTo === undefined);

  it('load every top-level page and the shell lazily (no eagerly bundled component)', () => {
    for (const route of pages(routes)) {
      expect(route.component).withContext(route.path!).toBeUndefined();
      expect(route.loadComponent ?? route.loadChildren).withContext(route.path!).toBeDefined();
    }
  });

  it('give each section of the manual’s menu its own lazy chunk', () => {
    const lazySections = shellRoutes.filter((route) => 'loadChildren' in route).map((route) => route.path);
    expect(lazySections).toEqual(jasmine.arrayContaining(['operaciones', 'consultas', 'servicios', 'reportes', 'configuracion']));
    for (const route of shellRoutes as readonly Route[]) {
      expect(route.component).withContext(route.path!).toBeUndefined();
    }
  });

  it('serve the sign-in, recovery, reset and forced-change pages at their Spanish paths', () => {
    expect(pages(routes).map((route) => route.path)).toEqual(
      jasmine.arrayContaining(['ingresar', 'recuperar', 'restablecer', 'cambiar-clave']),
    );
  });
});
