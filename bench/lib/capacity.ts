// The capacity model: cores of each part of the stack for a load (votes a second, live sockets),
// from the CPU per vote and per socket message that `npm run bench` measured, and the point where
// one primary stops. Pure arithmetic; bench/capacity.ts reads the results file and prints it.

/** What the model needs of a results file of `npm run bench`. */
export interface Measured {
  cpuMicros: {
    perVote: Record<'backends' | 'primary' | 'replicas' | 'nginx' | 'redis', number>;
    perSocketMessage: Record<'backends' | 'nginx', number>;
  };
  settings: { ports: { replicas: number[] } };
}

export interface Load {
  votesPerSecond: number;
  sockets: number;
}

/**
 * The planning assumptions, each a choice rather than a measurement (docs/capacity.md says why).
 * `messagesPerSocket`: a socket watching a poll that changes all the time gets one message per
 * broadcast interval (250 ms). `utilisation`: the share of a core a part may use before it needs
 * another, leaving room for peaks and queueing. `primaryCores`: the largest primary worth running
 * before sharding. `applierThreads`: the replicas' parallel appliers (build.sh starts 4).
 */
export interface Assumptions {
  messagesPerSocket: number;
  utilisation: number;
  primaryCores: number;
  applierThreads: number;
  replicasPerShard: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  messagesPerSocket: 4,
  utilisation: 0.7,
  primaryCores: 16,
  applierThreads: 4,
  replicasPerShard: 2,
};

export interface Row {
  part: string;
  microsPerVote: number;
  microsPerSocketMessage: number;
  /** How many of this part the load needs, the cores each one needs (at the utilisation assumed), and in all. */
  instances: number;
  coresEach: number;
  cores: number;
}

export interface Plan {
  rows: Row[];
  totalCores: number;
  /** Votes a second one primary (and its replicas) can take: the lower of its CPU and its replicas' apply. */
  votesPerPrimary: number;
  limitedBy: 'primary CPU' | 'replica apply';
  shards: number;
  steps: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function plan(m: Measured, load: Load, a: Assumptions = DEFAULT_ASSUMPTIONS): Plan {
  const v = m.cpuMicros.perVote;
  const msg = m.cpuMicros.perSocketMessage;
  const perReplica = v.replicas / m.settings.ports.replicas.length;
  const messages = load.sockets * a.messagesPerSocket;
  const cores = (microsPerSecond: number) => microsPerSecond / 1e6 / a.utilisation;

  // One primary stops at whichever comes first: its CPU, or what a replica's appliers keep up with.
  const byPrimaryCpu = (a.primaryCores * a.utilisation * 1e6) / v.primary;
  const byReplicaApply = (a.applierThreads * a.utilisation * 1e6) / perReplica;
  const votesPerPrimary = Math.min(byPrimaryCpu, byReplicaApply);
  const limitedBy = byPrimaryCpu <= byReplicaApply ? 'primary CPU' : 'replica apply';
  const shards = Math.max(1, Math.ceil(load.votesPerSecond / votesPerPrimary));
  const perShard = load.votesPerSecond / shards;

  /** A part that scales out freely: as many one-core instances as its cores round up to. */
  const spread = (part: string, perVote: number, perMessage: number): Row => {
    const c = cores(load.votesPerSecond * perVote + messages * perMessage);
    const instances = Math.max(1, Math.ceil(c));
    return {
      part,
      microsPerVote: perVote,
      microsPerSocketMessage: perMessage,
      instances,
      coresEach: round2(c / instances),
      cores: round2(c),
    };
  };
  /** A database server: each one of `instances` does the whole work of its shard. */
  const perShardServer = (part: string, perVote: number, instances: number): Row => {
    const each = cores(perShard * perVote);
    return { part, microsPerVote: perVote, microsPerSocketMessage: 0, instances, coresEach: round2(each), cores: round2(each * instances) };
  };
  const rows = [
    // A backend is one Node process, nginx one worker per core, Redis one thread.
    spread('backends', v.backends, msg.backends),
    spread('nginx', v.nginx, msg.nginx),
    spread('redis', v.redis, 0),
    perShardServer('primary', v.primary, shards),
    perShardServer('replica', perReplica, shards * a.replicasPerShard),
  ];
  const [backends, nginx, redis] = rows as [Row, Row, Row];

  const steps: string[] = [];
  if (shards > 1) {
    steps.push(
      `shard polls across ${shards} primaries by poll id: one takes ${Math.round(votesPerPrimary).toLocaleString('en-US')} votes/s ` +
        `(limited by ${limitedBy}), each with ${a.replicasPerShard} replicas`,
    );
  }
  if (backends.instances > 16) {
    steps.push(
      `${backends.instances} backends: with the classic Redis adapter each receives every commit; use the sharded adapter on Redis Cluster`,
    );
  }
  if (redis.instances > 1) steps.push(`Redis needs ${redis.instances} cores and runs on one: Redis Cluster, polls spread by key`);
  if (nginx.instances > 8) steps.push(`nginx needs ${nginx.instances} cores: several proxies behind a load balancer (DNS or L4)`);
  return {
    rows,
    totalCores: Math.round(rows.reduce((s, r) => s + r.cores, 0) * 10) / 10,
    votesPerPrimary: Math.round(votesPerPrimary),
    limitedBy,
    shards,
    steps,
  };
}
