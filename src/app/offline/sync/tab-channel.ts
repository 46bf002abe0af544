import type { SyncPhase, SyncRevocation } from '../sync-indicator';

/**
 * Tabs of the app share one device database per user and company (IndexedDB): RxDB's leader
 * election lets exactly one tab — the leader — replicate. The others (followers) read the same data
 * and queue requests into it (the leader's replication pushes them), and learn from the leader over
 * this BroadcastChannel what the sync is doing; a follower's "Sincronizar" asks the leader for a round.
 */
export type TabMessage =
  | { type: 'phase'; phase: SyncPhase; revocation: SyncRevocation | null }
  | { type: 'phase?' }
  | { type: 'round?' };

export class TabChannel {
  private readonly channel: BroadcastChannel | null;

  constructor(name: string, onMessage: (message: TabMessage) => void) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`ce-sync:${name}`) : null;
    if (this.channel) this.channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  close(): void {
    this.channel?.close();
  }
}
