import { errorCode } from '../run-folder/unreadable.js';
import { exitCodes } from '../shared/exit-codes.js';
import { makeFolders } from '../shared/make-folders.js';
import { type ClaimedPort, claimPort } from './mesh-listener.js';
import { type SessionSecret, sessionSecret } from './session-secret.js';

export type ManualStartSteps = {
  claimPort: typeof claimPort;
  makeFolder(dir: string): Promise<unknown>;
  sessionSecret(outDir: string): Promise<SessionSecret>;
};

const realStartSteps: ManualStartSteps = {
  claimPort,
  makeFolder: (dir) => makeFolders(dir),
  sessionSecret: (outDir) => sessionSecret(outDir),
};

export type ManualStart =
  | { ok: true; claim: ClaimedPort; secret: string; secretFile: string | undefined }
  | { ok: false; line: string; exitCode: number };

export async function startByHand(
  where: { id: number; host: string; port: number; outDir: string },
  steps: ManualStartSteps = realStartSteps,
): Promise<ManualStart> {
  const claimed = await steps.claimPort(where.host, where.port);
  if (!claimed.ok) {
    const why =
      claimed.reason === 'port-in-use'
        ? `VM ${where.id} is running already, or another program holds its port`
        : 'the config names a host this machine cannot listen on';
    return {
      ok: false,
      line: `vm${where.id}: ${claimed.reason}: ${claimed.detail} (${why}); nothing in ${where.outDir} was touched`,
      exitCode: exitCodes.usage,
    };
  }
  const release = () => claimed.claim.server.close();
  try {
    await steps.makeFolder(where.outDir);
  } catch (error) {
    release();
    const line = `vm${where.id}: ${where.outDir}: cannot be made (${errorCode(error)})`;
    return { ok: false, line, exitCode: exitCodes.usage };
  }
  const secret = await steps.sessionSecret(where.outDir).catch(
    (error: unknown): SessionSecret => ({
      ok: false,
      detail: `${where.outDir}: the session's secret cannot be made (${errorCode(error)})`,
    }),
  );
  if (!secret.ok) {
    release();
    return { ok: false, line: `vm${where.id}: ${secret.detail}`, exitCode: exitCodes.usage };
  }
  return { ok: true, claim: claimed.claim, secret: secret.secret, secretFile: secret.file };
}
