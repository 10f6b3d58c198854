/**
 * The callbacks a Transport delivers incoming data through.
 */
export interface TransportHandlers {
  /**
   * One received datagram (one or more messages). `group` is the multicast group it arrived on,
   * 0 for unicast, or -1 when the transport cannot tell. The bytes belong to the receiver.
   */
  datagram(data: Uint8Array, group: number): void;
  /** The kernel dropped messages for this socket (ENOBUFS). */
  overrun(): void;
  /** A receive error that is not an overrun; the transport stops delivering. */
  error(err: Error): void;
}

/**
 * A Transport is what a Conn needs from a netlink socket. The socket implementation and the fake
 * kernel in `bun-netlink/testing` both provide it, so every Conn code path runs against either.
 */
export interface Transport {
  /** The port id (nl_pid) the kernel assigned to this socket. */
  readonly portId: number;
  /** Register the receiver; called once by the Conn before anything else. */
  attach(handlers: TransportHandlers): void;
  /** Send one datagram to the kernel. Throws NetlinkError on failure. */
  send(datagram: Uint8Array): void;
  /** Deliver whatever can be read right now, synchronously, without blocking. */
  poll(): void;
  /**
   * Whether someone waits for data. While true the transport watches for readiness and keeps the
   * process alive; while false it may stop watching (nothing is lost: data stays queued in the
   * socket until the next poll or wait).
   */
  setWaiting(waiting: boolean): void;
  /** Stop delivering datagrams (backpressure) until resume(). */
  pause(): void;
  resume(): void;
  joinGroup(group: number): void;
  leaveGroup(group: number): void;
  /** The multicast groups this socket is a member of. */
  groups(): number[];
  /** setsockopt with an int value. */
  setOption(level: number, name: number, value: number): void;
  /** getsockopt of an int value. */
  getOption(level: number, name: number): number;
  /** Close the socket. Idempotent. */
  close(): void;
}
