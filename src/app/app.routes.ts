import type { Routes } from '@angular/router';
import { authGuard, guestGuard, passwordChangedGuard } from './core/guards/auth.guard';

/** Everything is lazy: the first download is only what the sign-in page needs. */
export const routes: Routes = [
  {
    path: 'ingresar',
    title: 'login.title',
    canMatch: [guestGuard],
    loadComponent: () => import('./auth/login/login.page'),
  },
  {
    path: 'recuperar',
    title: 'recover.title',
    loadComponent: () => import('./auth/recover/recover.page'),
  },
  {
    path: 'restablecer',
    title: 'reset.title',
    loadComponent: () => import('./auth/reset/reset.page'),
  },
  {
    path: 'cambiar-clave',
    title: 'changePassword.title',
    canMatch: [authGuard],
    loadComponent: () => import('./auth/change-password/change-password.page'),
  },
  {
    path: '',
    canMatch: [authGuard, passwordChangedGuard],
    loadComponent: () => import('./shell/shell'),
    loadChildren: () => import('./shell/shell.routes'),
  },
  { path: '**', redirectTo: '' },
];
