/**
 * Waits on attempts that run side by side and settles at the first failure, without waiting for the others (a
 * squatter on one peer's port must not leave the VM dialing the rest until the timeout); undefined once all passed.
 */
export function firstFailure<T extends { ok: boolean }>(
  attempts: readonly Promise<T>[],
): Promise<Exclude<T, { ok: true }> | undefined> {
  return new Promise((resolve) => {
    let left = attempts.length;
    if (left === 0) resolve(undefined);
    for (const attempt of attempts) {
      void attempt.then((result) => {
        left -= 1;
        if (!result.ok) resolve(result as Exclude<T, { ok: true }>);
        else if (left === 0) resolve(undefined);
      });
    }
  });
}
