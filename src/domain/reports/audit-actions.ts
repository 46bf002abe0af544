import { CARD_REQUEST_KIND_LABELS } from '../requests';

/**
 * The operations the audit log records (PRODUCT.md "Audit"), in words for the user activity report.
 * A name missing here is shown as written: features may add actions before their label.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  ...CARD_REQUEST_KIND_LABELS,
  'auth.login': 'Inicio de sesión',
  'auth.lockout': 'Bloqueo por intentos fallidos',
  'auth.unlock': 'Desbloqueo de usuario',
  'auth.refresh': 'Renovación de sesión',
  'auth.refresh-retry': 'Renovación de sesión repetida',
  'auth.refresh-reuse': 'Reutilización de sesión detectada',
  'auth.logout': 'Cierre de sesión',
  'auth.device-code-sent': 'Código de dispositivo enviado',
  'auth.device-verified': 'Dispositivo verificado',
  'auth.recover-requested': 'Recuperación solicitada',
  'auth.recover-used': 'Recuperación usada',
  'auth.password-changed': 'Cambio de contraseña',
  'users.password_reset': 'Contraseña restablecida',
  'users.permissions': 'Cambio de permisos',
  'users.create': 'Alta de usuario',
  'users.update': 'Cambio de datos de usuario',
  'users.block': 'Bloqueo de usuario',
  'users.unblock': 'Desbloqueo de usuario',
  'company.create': 'Alta de empresa',
  'company.update': 'Cambio de datos de la empresa',
  'branch.create': 'Alta de sucursal',
  'branch.update': 'Cambio de sucursal',
  'product.create': 'Alta de producto',
  'apikeys.create': 'Creación de clave de API',
  'apikeys.revoke': 'Revocación de clave de API',
  'apikeys.use': 'Uso de clave de API',
  'lots.upload': 'Carga de lote',
  'lots.confirm': 'Confirmación de lote',
  'lots.sign': 'Firma de lote',
  'lots.signature-withdrawn': 'Firma retirada',
  'lots.authorize': 'Autorización de lote',
  'lots.delete': 'Eliminación de lote',
  'lots.export': 'Exportación de lote',
  'order.generated': 'Generación de orden de servicio',
  'order.generation-undone': 'Generación de orden deshecha',
  'order.voided': 'Anulación de orden',
  'order.paid': 'Pago de orden',
  'order.payment-recorded': 'Pago de orden registrado',
  'order.exported': 'Descarga de orden',
  'otp.sent': 'Código de un solo uso enviado',
  'otp.verified': 'Código de un solo uso verificado',
  'product.update': 'Cambio de producto',
  'transfer.execute': 'Transferencia maestra',
  'master.funding': 'Fondeo de cuenta maestra',
  block: 'Bloqueo de tarjeta',
  'reports.export': 'Exportación de reporte',
};

export const AUDIT_ORIGIN_LABELS: Record<string, string> = {
  web: 'Web',
  'offline-request': 'Solicitud sin conexión',
  api: 'API',
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;
