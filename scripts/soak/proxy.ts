/**
 * One oracle node's way to the chain: a TCP proxy on 127.0.0.1 in front of the Hardhat node, so a
 * fault can cut that node off without touching the others.
 *
 * - `up`: bytes pass both ways.
 * - `refuse`: the listening socket closes (new connections get ECONNREFUSED) and open ones are reset.
 * - `blackhole`: connections are accepted but nothing is forwarded either way, new or open; on restore
 *   the held bytes flow again, as when a partition heals before TCP gives up (a request in flight
 *   completes late).
 *
 * A tap sees the node's requests: {@link RpcProxy.onSentTransaction} is told of every raw transaction
 * the node sends and may act before the node reads the answer (the harness kills a node right after its
 * attestation reached the chain, before it can settle).
 */
import * as net from "net";
import { Transaction } from "ethers";

export type ProxyMode = "up" | "refuse" | "blackhole";

/** Called with a transaction the node sent, when the answer accepting it comes back and before the node reads it. */
export type SentTransactionHook = (tx: Transaction) => void;

interface Link {
  client: net.Socket;
  upstream?: net.Socket;
  /** Bytes held while blackholed, per direction. */
  toUpstream: Buffer[];
  toClient: Buffer[];
  /** The request text since the last answer (the tap looks for a raw transaction in it). */
  request: string;
  /** Every raw transaction in it: one provider batches the requests of all the nodes a process runs. */
  sent: Transaction[];
  /** The upstream has begun answering the current request. */
  answered?: boolean;
}

const RAW_TX = /"eth_sendRawTransaction"\s*,\s*"params"\s*:\s*\[\s*"(0x[0-9a-fA-F]+)"/g;

export class RpcProxy {
  private server?: net.Server;
  private readonly links = new Set<Link>();
  /** Every socket still open, linked or half-closed: closing the proxy destroys them all. */
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = "up";
  private listenPort = 0;
  /** Connections seen, refused and held, for the report. */
  readonly stats = { connections: 0, refused: 0, heldConnections: 0 };
  onSentTransaction?: SentTransactionHook;

  constructor(private readonly upstreamPort: number) {}

  get port(): number {
    return this.listenPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listenPort}`;
  }

  get currentMode(): ProxyMode {
    return this.mode;
  }

  /** Start listening (on `port`, or a free one the first time). */
  async listen(port = this.listenPort): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.listenPort = (server.address() as net.AddressInfo).port;
    return this.listenPort;
  }

  /** Switch mode; `up` after `refuse` listens again on the same port. */
  async setMode(mode: ProxyMode): Promise<void> {
    const previous = this.mode;
    if (mode === previous) return;
    this.mode = mode;
    if (mode === "refuse") {
      const server = this.server;
      this.server = undefined;
      for (const link of [...this.links]) this.drop(link, true);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      return;
    }
    if (previous === "refuse") await this.listen(this.listenPort);
    if (mode === "up") {
      // The partition heals: held connections reach the chain, held answers reach the node.
      for (const link of [...this.links]) this.flush(link);
    }
  }

  async close(): Promise<void> {
    this.mode = "refuse";
    for (const link of [...this.links]) this.drop(link, true);
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    this.stats.connections++;
    if (this.mode === "refuse") {
      // Raced the close: behave as a refused connection.
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    this.track(client);
    const link: Link = { client, toUpstream: [], toClient: [], request: "", sent: [] };
    this.links.add(link);
    client.setNoDelay(true);
    client.on("data", (chunk) => this.fromClient(link, chunk));
    // A half-close is passed on as one (a keep-alive socket closed by either side ends cleanly).
    client.on("end", () => link.upstream?.end());
    client.on("error", () => this.drop(link, true));
    client.on("close", () => this.drop(link, false));
    if (this.mode === "up") this.connectUpstream(link);
    else this.stats.heldConnections++;
  }

  private connectUpstream(link: Link): void {
    const upstream = net.connect(this.upstreamPort, "127.0.0.1");
    this.track(upstream);
    upstream.setNoDelay(true);
    link.upstream = upstream;
    upstream.on("data", (chunk) => this.fromUpstream(link, chunk));
    upstream.on("end", () => link.client.end());
    upstream.on("error", () => this.drop(link, true));
    upstream.on("close", () => this.drop(link, false));
    for (const chunk of link.toUpstream.splice(0)) upstream.write(chunk);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  private fromClient(link: Link, chunk: Buffer): void {
    if (this.onSentTransaction !== undefined) this.tap(link, chunk);
    if (this.mode !== "up" || link.upstream === undefined) link.toUpstream.push(chunk);
    else link.upstream.write(chunk);
  }

  private fromUpstream(link: Link, chunk: Buffer): void {
    // The answer to the request the tap saw: the transaction is on the chain (automine), the node
    // has not read the answer yet.
    // Only a transaction the node accepted (its hash is the answer's result): an error answer (a resent
    // transaction, a nonce refused under load) means nothing reached the chain. The answer may come in
    // several chunks: what is not matched yet waits for the next one, until the node's next request.
    link.answered = true;
    const answer = chunk.toString("latin1").toLowerCase();
    const sent = link.sent.filter((tx) => tx.hash !== null && answer.includes(tx.hash.toLowerCase()));
    link.sent = link.sent.filter((tx) => !sent.includes(tx));
    for (const tx of sent) this.onSentTransaction?.(tx);
    if (link.client.destroyed) return;
    if (this.mode !== "up") link.toClient.push(chunk);
    else link.client.write(chunk);
  }

  private tap(link: Link, chunk: Buffer): void {
    if (link.answered) {
      // A new request: the last one's answer is complete.
      link.answered = false;
      link.request = "";
      link.sent = [];
    }
    // Requests are small JSON bodies; keep only the current one (bounded, in case of a huge batch).
    // A request split over chunks is matched again as it grows: keep each transaction once.
    link.request = (link.request + chunk.toString("latin1")).slice(-256_000);
    const seen = new Set(link.sent.map((tx) => tx.hash));
    for (const match of link.request.matchAll(RAW_TX)) {
      try {
        const tx = Transaction.from(match[1]);
        if (!seen.has(tx.hash)) link.sent.push(tx);
      } catch {
        // Not a transaction (the pattern is loose): nothing to tell.
      }
    }
  }

  private flush(link: Link): void {
    if (link.upstream === undefined) this.connectUpstream(link);
    else for (const chunk of link.toUpstream.splice(0)) link.upstream.write(chunk);
    for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
  }

  /** Forget a link; `reset` tears both sockets down at once (a fault, an error) instead of letting them end. */
  private drop(link: Link, reset: boolean): void {
    if (!this.links.delete(link)) return;
    if (!link.client.destroyed) {
      if (reset) link.client.resetAndDestroy();
      else link.client.end();
    }
    if (link.upstream !== undefined && !link.upstream.destroyed) {
      if (reset) link.upstream.destroy();
      else link.upstream.end();
    }
  }
}
