/**
 * The shape of the option table: a tree whose leaves are options and whose branches are the
 * groups of the configuration. The tree is the one place an option is written; its dotted key
 * (`kafka.sasl.mechanism`) comes from its path, and the `Config` type is derived from it.
 */
import type { Parser } from './parsers.ts';

type OptionFields<T> = {
  /** Environment variable that sets it. */
  env: string;
  /** What it means, shown by `parsimony config --options`. */
  doc: string;
  parse: Parser<T>;
  /** Never printed or logged. */
  secret?: boolean;
};

/** An option that always has a value: the default when neither environment nor file sets it. */
export type DefaultedOption<T> = OptionFields<T> & { kind: 'defaulted'; default: T };

/** An option that may stay unset (`undefined` in the config). */
export type OptionalOption<T> = OptionFields<T> & { kind: 'optional' };

export type Option<T> = DefaultedOption<T> | OptionalOption<T>;

export type OptionTree = { readonly [name: string]: Option<unknown> | OptionTree };

export function option<T>(spec: OptionFields<T> & { default: NoInfer<T> }): DefaultedOption<T> {
  return { ...spec, kind: 'defaulted' };
}

export function optional<T>(spec: OptionFields<T>): OptionalOption<T> {
  return { ...spec, kind: 'optional' };
}

export function isOption(node: Option<unknown> | OptionTree): node is Option<unknown> {
  return node.kind === 'defaulted' || node.kind === 'optional';
}

/** The configuration a tree describes: a defaulted option gives `T`, an optional one `T | undefined`. */
export type ConfigOf<Tree extends OptionTree> = {
  [Name in keyof Tree]: Tree[Name] extends DefaultedOption<infer T>
    ? T
    : Tree[Name] extends OptionalOption<infer T>
      ? T | undefined
      : Tree[Name] extends OptionTree
        ? ConfigOf<Tree[Name]>
        : never;
};

/** An option with the dotted key its path gives it. */
export type KeyedOption = { key: string; option: Option<unknown> };

/** Every option of the tree in table order, each with its dotted key. */
export function optionList(tree: OptionTree, prefix = ''): KeyedOption[] {
  return Object.entries(tree).flatMap(([name, node]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    return isOption(node) ? [{ key, option: node }] : optionList(node, key);
  });
}
