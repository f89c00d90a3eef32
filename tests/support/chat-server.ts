/**
 * A small OpenAI-compatible chat server on 127.0.0.1 for the assist tests:
 * it records every request and answers `POST /v1/chat/completions` with
 * whatever `reply` gives for the request's body.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatReply {
  status?: number;
  /** The assistant message's content. */
  content?: string;
  delayMs?: number;
}

export interface ChatRequest {
  url: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

export interface ChatServer {
  endpoint: string;
  received: ChatRequest[];
  /** What the server answers; tests replace it. */
  reply: (request: ChatRequest) => ChatReply;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The user message of a recorded request: the question, criteria and answer the client sent. */
export function userMessage(request: ChatRequest): string {
  return (request.body.messages as { role: string; content: string }[]).find((message) => message.role === 'user')!.content;
}

export async function startChatServer(): Promise<ChatServer> {
  const chat: ChatServer = { endpoint: '', received: [], reply: () => ({ content: '{}' }), close: async () => {} };
  const server = createServer(async (request, response) => {
    const recorded: ChatRequest = { url: request.url ?? '', auth: request.headers.authorization, body: JSON.parse(await readBody(request)) as Record<string, unknown> };
    chat.received.push(recorded);
    const reply = chat.reply(recorded);
    const send = () => {
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: reply.content } }] }));
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  chat.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  chat.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return chat;
}
