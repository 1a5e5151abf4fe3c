// The baseline: a bare Fastify route answering a constant JSON, in its own process like the real server.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { id: 1, code: 'KH20261122-0001', name: '杭州西湖电器有限公司', type: 'enterprise' };
app.get('/bare', async () => body);
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
