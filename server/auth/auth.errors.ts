import { DomainError } from '../common/domain-error';

/** The sign-in refusals, one wording each (API.md: the same 401 body whatever was wrong). */
export const invalidCredentials = () =>
  new DomainError('unauthenticated', 'INVALID_CREDENTIALS', 'Usuario o contraseña inválidos.');
export const accountLocked = () =>
  new DomainError(
    'locked',
    'ACCOUNT_LOCKED',
    'La cuenta está bloqueada por intentos fallidos. Recupere su acceso por correo o pida a un administrador que la desbloquee.',
  );
export const deviceCodeRequired = () =>
  new DomainError(
    'unauthenticated',
    'DEVICE_CODE_REQUIRED',
    'Es la primera vez que entra desde este dispositivo: le enviamos un código de 6 dígitos a su correo.',
  );
export const deviceCodeInvalid = () =>
  new DomainError('unauthenticated', 'DEVICE_CODE_INVALID', 'El código no es válido o venció. Inicie sesión de nuevo para recibir otro.');
export const notSignedIn = () => new DomainError('unauthenticated', 'UNAUTHENTICATED', 'Inicie sesión para continuar.');
export const invalidSession = () =>
  new DomainError('unauthenticated', 'INVALID_SESSION', 'La sesión no es válida o expiró. Inicie sesión de nuevo.');
export const passwordChangeRequired = () =>
  new DomainError('forbidden', 'PASSWORD_CHANGE_REQUIRED', 'Debe cambiar su contraseña antes de continuar.');
export const wrongCurrentPassword = () =>
  new DomainError('forbidden', 'INVALID_PASSWORD', 'La contraseña actual no es correcta.');
export const invalidToken = () =>
  new DomainError('invalid', 'INVALID_TOKEN', 'El enlace no es válido, ya se usó o venció. Solicite uno nuevo.');
