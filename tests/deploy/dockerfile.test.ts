import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { lintDockerfile } from './support/dockerfileLint';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const rules = (content: string) => lintDockerfile(content).map((f) => f.rule);

describe('the platform Dockerfile', () => {
  it('passes the lint rules', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('runs as a numeric non-root user in a final stage built on Node 24 LTS', () => {
    const instructions = DockerfileParser.parse(dockerfile).getInstructions();
    const froms = instructions.filter((i) => i.getKeyword() === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2); // multi-stage: build tools never reach the runtime image
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-[\w.-]*slim$/m);
    const final = instructions.slice(instructions.indexOf(froms[froms.length - 1]!));
    // The runtime stage runs nothing at build time as any user: it only copies the built tree.
    expect(final.filter((i) => i.getKeyword() === 'RUN')).toEqual([]);
    const user = final.filter((i) => i.getKeyword() === 'USER').pop()!;
    expect(user.getArgumentsContent()).toBe('1000:1000');
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', '**/node_modules', '**/dist', '.infra', '**/.env', '**/*.env']) {
      expect(ignored).toContain(entry);
    }
  });
});

describe('the Dockerfile lint rules', () => {
  const good =
    'FROM node:24-slim AS build\nRUN true\nFROM node:24-slim\nUSER 1000:1000\nCMD ["node", "x.js"]\n';

  it('accept a minimal correct file', () => {
    expect(rules(good)).toEqual([]);
  });

  it.each([
    ['DL3006', 'FROM node\nUSER 1000\nCMD ["node"]\n'],
    ['DL3007', 'FROM node:latest\nUSER 1000\nCMD ["node"]\n'],
    ['DL3000', 'FROM node:24-slim\nWORKDIR app\nUSER 1000\nCMD ["node"]\n'],
    ['DL3020', 'FROM node:24-slim\nADD src /app\nUSER 1000\nCMD ["node"]\n'],
    ['DL3022', 'FROM node:24-slim\nCOPY --from=nowhere /a /a\nUSER 1000\nCMD ["node"]\n'],
    ['DL3025', 'FROM node:24-slim\nUSER 1000\nCMD node x.js\n'],
    ['DL3003', 'FROM node:24-slim\nRUN cd /tmp && make\nUSER 1000\nCMD ["node"]\n'],
    [
      'DL3015',
      'FROM node:24-slim\nRUN apt-get install -y tini && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD ["node"]\n',
    ],
    [
      'DL3009',
      'FROM node:24-slim\nRUN apt-get install -y --no-install-recommends tini\nUSER 1000\nCMD ["node"]\n',
    ],
    ['DL3016', 'FROM node:24-slim\nRUN npm install -g turbo\nUSER 1000\nCMD ["node"]\n'],
    ['DL4006', 'FROM node:24-slim\nRUN curl x | sh\nUSER 1000\nCMD ["node"]\n'],
    ['DL3002', 'FROM node:24-slim\nUSER 1000\nUSER root\nCMD ["node"]\n'],
    ['DL3002', 'FROM node:24-slim\nCMD ["node"]\n'],
    ['WAGE001', 'FROM node:24-slim\nUSER node\nCMD ["node"]\n'],
    ['WAGE002', 'FROM node:24-slim\nCMD ["node"]\nUSER 1000\n'],
    ['DL3024', 'FROM node:24-slim AS a\nFROM node:24-slim AS a\nUSER 1000\nCMD ["node"]\n'],
  ])('report %s', (rule, content) => {
    expect(rules(content)).toContain(rule);
  });

  it('resolve the base image from a global ARG', () => {
    expect(rules('ARG BASE=node\nFROM ${BASE}\nUSER 1000\nCMD ["node"]\n')).toContain('DL3006');
    expect(rules('ARG BASE=node:24-slim\nFROM ${BASE}\nUSER 1000\nCMD ["node"]\n')).toEqual([]);
  });
});
