/**
 * One subcommand of the `parsimony` binary.
 */
export type Command = {
  usage: string;
  /** Returns the exit code. */
  run(args: string[]): Promise<number>;
};
