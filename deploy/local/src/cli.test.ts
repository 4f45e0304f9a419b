import { parseArgs } from './cli';

describe('parseArgs', () => {
  it('defaults to the dev profile', () => {
    expect(parseArgs(['up'])).toEqual({ command: 'up', profile: 'dev' });
  });

  it('reads --profile and --only in both spellings', () => {
    expect(parseArgs(['up', '--profile', 'test', '--only', 'kafka,mongo'])).toEqual({
      command: 'up',
      profile: 'test',
      only: ['kafka', 'mongo'],
    });
    expect(parseArgs(['down', '--profile=test'])).toEqual({ command: 'down', profile: 'test' });
  });

  it('rejects unknown profiles, parts and options', () => {
    expect(() => parseArgs(['up', '--profile', 'prod'])).toThrow(/unknown profile/);
    expect(() => parseArgs(['up', '--only', 'kafka,zookeeper'])).toThrow(/unknown part zookeeper/);
    expect(() => parseArgs(['up', '--verbose'])).toThrow(/unknown option/);
    expect(() => parseArgs([])).toThrow(/usage/);
  });
});
