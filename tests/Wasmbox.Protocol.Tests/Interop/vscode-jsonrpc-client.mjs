// Connects to the Unix socket given as the first argument and checks, one by one, that a server
// built on Wasmbox's JsonRpcConnection behaves as vscode-jsonrpc expects. Prints one line per check
// and exits 0 when all pass, 1 at the first failure.
import net from 'node:net';
import assert from 'node:assert/strict';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter, CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';

const socketPath = process.argv[2];
const socket = net.connect(socketPath);
await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });

const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
const notes = [];
connection.onNotification('test/note', (params) => notes.push(params.text));
connection.onRequest('client/ask', (params) => `${params.question}!`);
connection.listen();

async function expectError(promise, code) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${error}`);
    assert.equal(error.code, code, `expected error code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`expected error ${code}, got a result`);
}

const checks = [
  ['params by name', async () => {
    assert.deepEqual(await connection.sendRequest('test/add', { a: 2, b: 3 }), { sum: 5 });
  }],
  ['params by position', async () => {
    assert.deepEqual(await connection.sendRequest('test/add', 40, 2), { sum: 42 });
  }],
  ['unicode and a 1 MB message both ways', async () => {
    const text = 'héllo wörld ✓ 🚀 '.repeat(60000);
    assert.equal(await connection.sendRequest('test/echo', { text, suffix: '!' }), text + '!');
  }],
  ['100 concurrent requests', async () => {
    const sums = await Promise.all(Array.from({ length: 100 }, (_, i) => connection.sendRequest('test/add', { a: i, b: i })));
    sums.forEach((result, i) => assert.equal(result.sum, 2 * i));
  }],
  ['method not found is -32601', async () => {
    await expectError(connection.sendRequest('no/such/method', {}), -32601);
  }],
  ['invalid params is -32602', async () => {
    await expectError(connection.sendRequest('test/add', { a: 'two' }), -32602);
  }],
  ['application error is -32000 with data {type, message}', async () => {
    const error = await expectError(connection.sendRequest('test/fail', {}), -32000);
    assert.equal(error.data.type, 'System.InvalidOperationException');
    assert.equal(error.data.message, 'it failed on purpose');
  }],
  ['cancellation answers -32800', async () => {
    const source = new CancellationTokenSource();
    const pending = connection.sendRequest('test/wait', {}, source.token);
    setTimeout(() => source.cancel(), 100);
    await expectError(pending, -32800);
  }],
  ['notification to the server', async () => {
    await connection.sendNotification('test/note', { text: 'from node' });
    assert.deepEqual(await connection.sendRequest('interop/notes', {}), ['from node']);
  }],
  ['server calls back into the client and notifies it, in order', async () => {
    const answer = await connection.sendRequest('interop/callBack', { text: 'ping' });
    assert.equal(answer, 'ping!');
    assert.deepEqual(notes, ['before ping']);
  }],
];

let failed = false;
for (const [name, check] of checks) {
  try {
    await check();
    console.log(`ok ${name}`);
  } catch (error) {
    console.log(`FAILED ${name}: ${error?.stack ?? error}`);
    failed = true;
    break;
  }
}
connection.dispose();
socket.destroy();
process.exit(failed ? 1 : 0);
