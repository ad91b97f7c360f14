/**
 * `npm run test:package` (the last step of `npm test`): the package as a user gets it. Packs this
 * project (`npm pack`, which builds dist/), copies examples/vault into a temporary directory, points its
 * `subnet-layer` dependency at the tarball, installs it with npm, and runs the example's own tests, which
 * compile a contract importing our Solidity interfaces and settle epochs through the packaged oracle.
 * A broken package (a missing file, an export that does not resolve, an artifact not shipped) fails here.
 *
 * SUBNET_LAYER_KEEP_EXAMPLE=1 keeps the temporary directory for a look afterwards.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = join(__dirname, "..", "..");
const example = join(root, "examples", "vault");
const started = Date.now();
const seconds = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** A step that failed; the temporary directory is still removed. */
class PackageTestError extends Error {
  override name = "PackageTestError";
}

/** Runs `command` in `cwd`, streaming its output (or capturing stdout); throws if it fails. */
function run(command: string, args: string[], cwd: string, capture = false): string {
  const result = spawnSync(command, args, { cwd, stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit", encoding: "utf8", env: process.env });
  if (result.status !== 0) {
    throw new PackageTestError(`\`${command} ${args.join(" ")}\` failed in ${cwd} (status ${result.status ?? result.signal})`);
  }
  return capture ? result.stdout : "";
}

const work = mkdtempSync(join(tmpdir(), "subnet-layer-package-"));
try {
  console.log(`test:package: packing ${root}`);
  // `npm pack` runs `prepare` (compile, build), whose output shares stdout with the JSON report.
  const out = run("npm", ["pack", "--json", "--pack-destination", work], root, true);
  const packed = JSON.parse(out.slice(out.search(/^\[/m))) as Array<{ filename: string; files: unknown[] }>;
  const tarball = join(work, basename(packed[0].filename));
  console.log(`test:package: ${basename(tarball)} (${packed[0].files.length} files) after ${seconds()}`);

  const project = join(work, "vault");
  cpSync(example, project, {
    recursive: true,
    filter: (from) => !/[/\\](node_modules|artifacts|cache|typechain-types|deployments)([/\\]|$)/.test(from.slice(example.length)),
  });
  const manifestPath = join(project, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { devDependencies: Record<string, string> };
  manifest.devDependencies["subnet-layer"] = `file:${tarball}`;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  console.log(`test:package: installing the example's dependencies (the tarball, hardhat, hardhat-toolbox)`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], project);
  console.log(`test:package: installed after ${seconds()}; running the example's tests`);
  run("npx", ["hardhat", "test"], project);
  console.log(`test:package: the example passed against the packed tarball, install to green in ${seconds()}`);
} catch (e) {
  console.error(`test:package: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  if (process.env.SUBNET_LAYER_KEEP_EXAMPLE === "1") console.log(`test:package: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
