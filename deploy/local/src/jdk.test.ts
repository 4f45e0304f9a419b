import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedJdks, parseJavaMajor, pickKeycloakJdk, type Jdk } from './jdk';

describe('parseJavaMajor', () => {
  it('reads the feature version of modern and legacy release files', () => {
    expect(parseJavaMajor('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.3"\n')).toBe(25);
    expect(parseJavaMajor('JAVA_VERSION="17.0.15"')).toBe(17);
    expect(parseJavaMajor('JAVA_VERSION="21"')).toBe(21);
    expect(parseJavaMajor('JAVA_VERSION="1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('OS_NAME="Linux"')).toBeUndefined();
  });
});

describe('pickKeycloakJdk', () => {
  const jdk = (name: string, major: number): Jdk => ({ name, major, home: `/usr/lib/jvm/${name}` });

  it('prefers the newest Temurin JDK 21+', () => {
    const picked = pickKeycloakJdk([
      jdk('java-17-openjdk-amd64', 17),
      jdk('temurin-21-jdk-amd64', 21),
      jdk('temurin-25-jdk-amd64', 25),
    ]);
    expect(picked?.name).toBe('temurin-25-jdk-amd64');
  });

  it('prefers Temurin 21+ over a newer JDK of another vendor', () => {
    expect(pickKeycloakJdk([jdk('java-25-openjdk-amd64', 25), jdk('temurin-21-jdk-amd64', 21)])?.name).toBe(
      'temurin-21-jdk-amd64',
    );
  });

  it('takes any JDK 21+ when there is no Temurin one', () => {
    expect(pickKeycloakJdk([jdk('java-17-openjdk-amd64', 17), jdk('java-21-openjdk-amd64', 21)])?.major).toBe(
      21,
    );
  });

  it('falls back to JDK 17 only when nothing newer exists, and never below', () => {
    expect(pickKeycloakJdk([jdk('java-11-openjdk-amd64', 11), jdk('java-17-openjdk-amd64', 17)])?.major).toBe(
      17,
    );
    expect(pickKeycloakJdk([jdk('temurin-11-jdk-amd64', 11)])).toBeUndefined();
    expect(pickKeycloakJdk([])).toBeUndefined();
  });
});

describe('installedJdks', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'jdks-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function fakeJdk(name: string, version: string | undefined): string {
    const home = path.join(root, name);
    mkdirSync(path.join(home, 'bin'), { recursive: true });
    writeFileSync(path.join(home, 'bin', 'java'), '');
    if (version) writeFileSync(path.join(home, 'release'), `JAVA_VERSION="${version}"\n`);
    return home;
  }

  it('finds JDKs by their release file and merges symlinked duplicates', () => {
    const jdk17 = fakeJdk('java-17-openjdk-amd64', '17.0.15');
    symlinkSync(jdk17, path.join(root, 'java-1.17.0-openjdk-amd64'));
    fakeJdk('temurin-25-jdk-amd64', '25.0.3');
    fakeJdk('broken', undefined);
    mkdirSync(path.join(root, 'not-a-jdk'));
    const found = installedJdks({}, [root]).sort((a, b) => a.major - b.major);
    expect(found.map((j) => j.major)).toEqual([17, 25]);
    expect(pickKeycloakJdk(found)?.name).toBe('temurin-25-jdk-amd64');
  });

  it('includes JAVA_HOME', () => {
    const home = fakeJdk('custom-jdk', '21.0.2');
    expect(installedJdks({ JAVA_HOME: home }, [path.join(root, 'missing')]).map((j) => j.major)).toEqual([
      21,
    ]);
  });
});
