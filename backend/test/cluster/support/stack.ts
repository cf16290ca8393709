import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '../../../..');
export const buildSh = join(root, 'build.sh');

export interface StackPorts {
  primary: number;
  replicas: number[];
  redis: number;
  http: number;
  backends: number[];
}

/**
 * Ports for test stack number `n` (0, 1, …), away from build.sh's defaults (3307-3309, 6380,
 * 8080-8083) and the unit tests' MariaDB (3341): stack 0 uses 3317-3319, 6390, 8090-8093; stack 1
 * 3327-3329, 6391, 8100-8103. VOTEWIRE_TEST_CLUSTER_PORT_BASE shifts them all.
 */
export function stackPorts(n: number): StackPorts {
  const base = Number(process.env.VOTEWIRE_TEST_CLUSTER_PORT_BASE || 0);
  const step = base + 10 * n;
  return {
    primary: 3317 + step,
    replicas: [3318 + step, 3319 + step],
    redis: 6390 + base + n,
    http: 8090 + step,
    backends: [8091 + step, 8092 + step, 8093 + step],
  };
}

/** The environment that points build.sh at a stack directory and its ports. */
export function stackEnv(stackDir: string, ports: StackPorts, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // build.sh honours an operator's VOTEWIRE_ADMIN_KEY; the tests choose theirs explicitly.
  const inherited = { ...process.env };
  delete inherited.VOTEWIRE_ADMIN_KEY;
  return {
    ...inherited,
    VOTEWIRE_STACK_DIR: stackDir,
    VOTEWIRE_PRIMARY_PORT: String(ports.primary),
    VOTEWIRE_REPLICA_PORTS: ports.replicas.join(','),
    VOTEWIRE_REDIS_PORT: String(ports.redis),
    VOTEWIRE_HTTP_PORT: String(ports.http),
    VOTEWIRE_BACKEND_PORTS: ports.backends.join(','),
    VOTEWIRE_LOG_LEVEL: 'warn',
    ...extra,
  };
}
