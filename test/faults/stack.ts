/**
 * The fault suite's own servers: Kafka, the schema registry and Elasticsearch started by the
 * ops/ scripts with a state folder and ports of their own, so that stopping and restarting them
 * never touches the servers other test runs share (the defaults, 9092, 8081, 9200).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export type Server = 'kafka' | 'registry' | 'elasticsearch';

export type StackPorts = {
  kafka: number;
  kafkaController: number;
  registry: number;
  registryManagement: number;
  elasticsearch: number;
  elasticsearchTransport: number;
};

export type Stack = {
  /** The state folder (ops' PARSIMONY_RUN): data, logs and pid files of the three servers. */
  runDir: string;
  ports: StackPorts;
  /** The service's own settings that reach these servers. */
  serviceEnv: Record<string, string>;
};

/** Ports away from the shared servers' defaults; each may be moved with a FAULTS_* variable. */
export function faultStack(root: string, env: Record<string, string | undefined>): Stack {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
  const ports: StackPorts = {
    kafka: port('FAULTS_KAFKA_PORT', 19092),
    kafkaController: port('FAULTS_KAFKA_CONTROLLER_PORT', 19093),
    registry: port('FAULTS_REGISTRY_PORT', 18081),
    registryManagement: port('FAULTS_REGISTRY_MANAGEMENT_PORT', 18082),
    elasticsearch: port('FAULTS_ES_PORT', 19200),
    elasticsearchTransport: port('FAULTS_ES_TRANSPORT_PORT', 19300),
  };
  return {
    runDir: env.FAULTS_RUN ?? join(root, '.run', 'faults'),
    ports,
    serviceEnv: {
      PARSIMONY_KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      PARSIMONY_SCHEMA_REGISTRY_URL: `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`,
      PARSIMONY_ELASTICSEARCH_URL: `http://127.0.0.1:${ports.elasticsearch}`,
    },
  };
}

/** What the ops scripts read: the state folder and the ports, never the shared defaults. */
export function opsEnv(stack: Stack, options: { fresh: boolean }): Record<string, string> {
  const { ports } = stack;
  return {
    PARSIMONY_RUN: stack.runDir,
    PARSIMONY_FRESH: options.fresh ? '1' : '0',
    KAFKA_PORT: String(ports.kafka),
    KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
    REGISTRY_PORT: String(ports.registry),
    REGISTRY_MANAGEMENT_PORT: String(ports.registryManagement),
    ES_PORT: String(ports.elasticsearch),
    ES_TRANSPORT_PORT: String(ports.elasticsearchTransport),
  };
}

/** Runs ops/<server>/<up|down>.sh for this stack; its output goes to the suite's stderr. */
export async function ops(root: string, stack: Stack, server: Server, action: 'up' | 'down', options: { fresh?: boolean } = {}) {
  const child = spawn('bash', [join(root, 'ops', server, `${action}.sh`)], {
    cwd: root,
    env: { ...process.env, ...opsEnv(stack, { fresh: options.fresh ?? false }) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`ops/${server}/${action}.sh exited with ${code}`);
}

export const SERVERS: readonly Server[] = ['kafka', 'registry', 'elasticsearch'];
