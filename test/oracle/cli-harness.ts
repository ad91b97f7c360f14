/** Runs the CLI in-process with captured output, and gives each suite a temporary directory. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../oracle/cli";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `subnet-layer <args>` in this process; resolves to its exit code and output. */
export async function cli(...args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "subnet-layer", ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A temporary directory made before the suite's tests and removed after them; `write` puts a file in it. */
export function useTempDir(prefix: string): { dir: () => string; write: (name: string, content: unknown) => string } {
  let dir = "";
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    write: (name, content) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      return file;
    },
  };
}
