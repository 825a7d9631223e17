import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The machine's ceiling: a bare node:http server answering the exact bytes of the portal query's
 * response, doing nothing else. `tsx bench/ceiling.ts <port> <body-file>`.
 */
const [port, file] = process.argv.slice(2);
const body = readFileSync(file!);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1');
