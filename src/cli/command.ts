/**
 * One subcommand of the `parsimony` binary.
 */
export type Command = {
  /** One line for `parsimony --help`. */
  summary: string;
  usage: string;
  /** Returns the exit code. */
  run(args: string[]): Promise<number>;
};
