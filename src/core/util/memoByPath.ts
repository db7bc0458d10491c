/**
 * `fn` with its answers kept by path, for the questions the engine asks of one changed file several
 * times (a detector gate, the env pass, each grep hit): language, test code, operator code, generic
 * exclusion. Bounded: past `bound` paths the memo starts again (a long editor session sees many).
 */
export function memoByPath<T>(fn: (path: string) => T, bound = 100_000): (path: string) => T {
  const memo = new Map<string, T>();
  return (path: string): T => {
    let answer = memo.get(path);
    if (answer === undefined) {
      if (memo.size > bound) memo.clear();
      memo.set(path, (answer = fn(path)));
    }
    return answer;
  };
}
