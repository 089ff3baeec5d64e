// An OTLP/HTTP logs receiver that decodes each request and counts the records (GET /count).
import * as http from 'node:http';
import { decodeLogsRequest } from '../packages/sdk/test/fixtures/otlp-receiver.mjs';

let count = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.end(JSON.stringify(count));
    count = 0;
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    count += decodeLogsRequest(Buffer.concat(chunks)).length;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
