import { startServer } from './bootstrap';
import { StoreInUseError } from './store/embedded-server';

/** `npm start`: the PWA and the API on PORT, on the embedded store unless COUCHDB_URL is set. */
async function main() {
  const server = await startServer();
  const shutdown = async (signal: string) => {
    server.ctx.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error('No se pudo iniciar Conexión Empresas:', err instanceof StoreInUseError ? err.message : err);
  process.exit(1);
});
