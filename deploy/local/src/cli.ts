#!/usr/bin/env node
// wage-infra: up | down | status | fetch for the local infrastructure.
import { ALL_PARTS, isProfile, type Part, type Profile } from './config';
import { ensureInfra, fetchArtifacts, infraStatus, stopInfra } from './index';

const USAGE = `usage: wage-infra <command> [options]
  up      [--profile dev|test] [--only kafka,mongo,keycloak,redis]   start what is missing, print the endpoints
  down    [--profile dev|test]                                        stop the profile's processes
  status  [--profile dev|test]                                        show pids and urls
  fetch                                                               download everything into .infra/cache`;

export interface CliArgs {
  command: string;
  profile: Profile;
  only?: Part[];
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') throw new Error(USAGE);
  let profile: Profile = 'dev';
  let only: Part[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--profile') {
      const p = value();
      if (!isProfile(p)) throw new Error(`unknown profile ${p} (dev or test)`);
      profile = p;
    } else if (flag === '--only') {
      only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          if (!(ALL_PARTS as readonly string[]).includes(s))
            throw new Error(`unknown part ${s} (${ALL_PARTS.join(', ')})`);
          return s as Part;
        });
    } else {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return { command, profile, ...(only ? { only } : {}) };
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const log = (line: string) => console.error(`[wage-infra] ${line}`);
  switch (args.command) {
    case 'up': {
      const started = Date.now();
      const endpoints = await ensureInfra({
        profile: args.profile,
        ...(args.only ? { parts: args.only } : {}),
        log,
      });
      log(`profile ${args.profile} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`KAFKA_BROKERS=${endpoints.kafkaBrokers.join(',')}   (${endpoints.source.kafka})`);
      console.log(`MONGO_URL=${endpoints.mongoUrl}   (${endpoints.source.mongo})`);
      console.log(
        `KEYCLOAK_URL=${endpoints.keycloakUrl}   (${endpoints.source.keycloak}; realm wage, admin/admin)`,
      );
      console.log(`REDIS_URL=${endpoints.redisUrl}   (${endpoints.source.redis})`);
      return;
    }
    case 'down':
      await stopInfra({ profile: args.profile, log });
      log(`profile ${args.profile} stopped`);
      return;
    case 'status': {
      const status = await infraStatus(args.profile);
      for (const [part, s] of Object.entries(status)) {
        console.log(
          `${part.padEnd(9)} ${s.running ? 'running' : 'stopped'}${s.pid ? ` pid ${s.pid}` : ''}  ${s.url}`,
        );
      }
      return;
    }
    case 'fetch': {
      const started = Date.now();
      const paths = await fetchArtifacts({ log });
      for (const [name, p] of Object.entries(paths)) console.log(`${name}: ${p}`);
      log(`fetched in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    default:
      throw new Error(`unknown command ${args.command}\n${USAGE}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    // The mongodb driver may leave sockets closing; the work is done and detached children live on.
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
