// The channel (栏目) tree from site.yml, flattened for lookups.
import type { ChannelConfig, SiteConfig } from "../config.js";
import { listRoute } from "./routes.js";

export interface Channel {
  slug: string;
  name: string;
  description?: string;
  parent?: string;
  children: string[];
  /** Ancestors from the top-level channel down, not including this one. */
  ancestors: string[];
  /** Where the first page of its list is written ("" when site.yml's pagination is refused). */
  firstPage: string;
}

export interface ChannelTree {
  bySlug: Map<string, Channel>;
  /** Top-level channels in navigation order. */
  top: string[];
  /** Every channel, depth first, in site.yml order. */
  all: string[];
}

export function buildChannelTree(configs: readonly ChannelConfig[], pagination: SiteConfig["pagination"]): ChannelTree {
  const bySlug = new Map<string, Channel>();
  const all: string[] = [];
  const visit = (list: readonly ChannelConfig[], ancestors: string[]) => {
    for (const c of list) {
      if (bySlug.has(c.slug)) continue; // reported by the config check
      bySlug.set(c.slug, { slug: c.slug, name: c.name, description: c.description, parent: ancestors.at(-1), children: c.children.map((k) => k.slug), ancestors, firstPage: listRoute(c.slug, 1, pagination) ?? "" });
      all.push(c.slug);
      visit(c.children, [...ancestors, c.slug]);
    }
  };
  visit(configs, []);
  return { bySlug, top: configs.map((c) => c.slug).filter((s, i, a) => a.indexOf(s) === i), all };
}

/**
 * How pages and feeds name a channel: its name, or, when another channel has the same name (要闻
 * at the top and under 县市区), its name and its parent's, so that no two have one title.
 */
export function channelTitle(channels: ChannelTree, slug: string): string {
  const channel = channels.bySlug.get(slug)!;
  const shared = channels.all.some((other) => other !== slug && channels.bySlug.get(other)!.name === channel.name);
  return shared && channel.parent ? `${channel.name} - ${channels.bySlug.get(channel.parent)!.name}` : channel.name;
}
