import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';

/** One finding: the hadolint rule id it reimplements, the line (1-based) and why. */
export interface Finding {
  rule: string;
  line: number;
  message: string;
}

const JSON_FORM = /^\s*\[.*\]\s*$/s;

/** Values of the ARGs declared before the first FROM: the only ones a FROM line can use. */
function globalArgs(instructions: Instruction[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const i of instructions) {
    if (i.getKeyword() === 'FROM') break;
    if (i.getKeyword() !== 'ARG') continue;
    const [name, value = ''] = (i.getArgumentsContent() ?? '').split('=', 2);
    args.set(name!.trim(), value.trim());
  }
  return args;
}

const expand = (s: string, args: Map<string, string>) =>
  s.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => args.get(name) ?? '');

/** The user part of `USER user[:group]` is root when it is `root` or uid 0. */
const isRootUser = (arg: string) => ['root', '0'].includes(arg.split(':')[0]!.trim());

/**
 * The main hadolint rules (DL3000–DL4006 that apply to this repository's images) plus the run-time user
 * rules the platform needs: the final stage switches to a numeric non-root user before its CMD/ENTRYPOINT
 * and never back to root.
 */
export function lintDockerfile(content: string): Finding[] {
  const dockerfile = DockerfileParser.parse(content);
  const instructions = dockerfile.getInstructions();
  const args = globalArgs(instructions);
  const findings: Finding[] = [];
  const add = (rule: string, i: Instruction, message: string) =>
    findings.push({ rule, line: i.getRange().start.line + 1, message });

  const stages: string[] = [];
  let stageStart = -1;
  instructions.forEach((i, index) => {
    const keyword = i.getKeyword();
    const text = i.getArgumentsContent() ?? '';
    switch (keyword) {
      case 'FROM': {
        stageStart = index;
        const words = text.split(/\s+/).filter((w) => !w.startsWith('--'));
        const image = expand(words[0] ?? '', args);
        const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
        if (!stages.includes(image) && image !== 'scratch') {
          const tag = image.includes('@') ? 'digest' : image.split('/').pop()!.split(':')[1];
          if (!tag) add('DL3006', i, `image "${image}" has no explicit tag`);
          else if (tag === 'latest') add('DL3007', i, `image "${image}" uses the latest tag`);
        }
        if (alias) {
          if (stages.includes(alias)) add('DL3024', i, `stage name "${alias}" is used twice`);
          stages.push(alias);
        }
        break;
      }
      case 'WORKDIR':
        if (!text.startsWith('/') && !text.startsWith('$')) add('DL3000', i, 'WORKDIR must be absolute');
        break;
      case 'ADD':
        if (!/https?:\/\//.test(text) && !/\.(tar|tgz|tar\.\w+)\b/.test(text))
          add('DL3020', i, 'use COPY instead of ADD for files and folders');
        break;
      case 'COPY': {
        const from = (i as Copy)
          .getFlags()
          .find((f) => f.getName() === 'from')
          ?.getValue();
        if (from && !stages.includes(from) && !/^\d+$/.test(from) && !from.includes(':'))
          add('DL3022', i, `COPY --from=${from} names no earlier stage`);
        break;
      }
      case 'MAINTAINER':
        add('DL4000', i, 'MAINTAINER is deprecated (use a LABEL)');
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        if (!JSON_FORM.test(text)) add('DL3025', i, `${keyword} must use the JSON (exec) form for signals`);
        break;
      case 'RUN': {
        if (/(^|[;&|]\s*)cd\s/.test(text)) add('DL3003', i, 'use WORKDIR instead of cd');
        if (/\bsudo\b/.test(text)) add('DL3004', i, 'do not use sudo');
        if (/\bapt-get\s+install\b/.test(text)) {
          if (!/--no-install-recommends/.test(text))
            add('DL3015', i, 'apt-get install without --no-install-recommends');
          if (!/(^|\s)-y\b|--yes|--assume-yes/.test(text)) add('DL3014', i, 'apt-get install without -y');
          if (!/rm -rf \/var\/lib\/apt\/lists/.test(text)) add('DL3009', i, 'apt lists not deleted');
        }
        if (/\bapt\s+(install|update|upgrade)\b/.test(text)) add('DL3027', i, 'use apt-get, not apt');
        if (/\bapt-get\s+(upgrade|dist-upgrade)\b/.test(text))
          add('DL3005', i, 'do not upgrade the base image');
        if (/\bnpm\s+(i|install)\s+(-g|--global)\s+(?![^\s@]+@)/.test(text))
          add('DL3016', i, 'pin versions of globally installed npm packages');
        if (/\|/.test(text.replace(/\|\|/g, '')) && !/set -o pipefail|SHELL/.test(text))
          add('DL4006', i, 'a pipe without pipefail hides failures');
        break;
      }
      default:
        break;
    }
  });

  const final = instructions.slice(Math.max(stageStart, 0));
  const lastRuntime = [...final].reverse().find((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
  const users = final.filter((i) => i.getKeyword() === 'USER');
  const lastUser = users[users.length - 1];
  if (!lastUser) {
    findings.push({ rule: 'DL3002', line: 0, message: 'the final stage never leaves root (no USER)' });
  } else {
    const arg = lastUser.getArgumentsContent() ?? '';
    if (isRootUser(arg)) add('DL3002', lastUser, 'the last USER is root');
    if (!/^\d+(:\d+)?$/.test(arg.trim()))
      add('WAGE001', lastUser, 'USER must be numeric so Kubernetes can verify runAsNonRoot');
    if (lastRuntime && lastRuntime.getRange().start.line < lastUser.getRange().start.line)
      add('WAGE002', lastRuntime, `${lastRuntime.getKeyword()} comes before the USER that runs it`);
  }
  if (!lastRuntime)
    findings.push({ rule: 'WAGE003', line: 0, message: 'the final stage has no CMD/ENTRYPOINT' });
  return findings;
}
