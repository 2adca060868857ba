// What a build publishes, one record each: an article with everything its page and the lists
// that show it need, and a page of a channel's list.
import type { Article } from "../content/story.js";

/** A published article: its story, where its page goes, and how it relates to others. */
export interface PublishedArticle {
  story: Article;
  route: string;
  /** In its own channel: prev is the next older article, next the next newer one. */
  prev?: string;
  next?: string;
  /** 相关新闻: ids of articles and snippets, in display order. */
  related: readonly string[];
  /** What channel lists show under its title: its summary, or its lead, cut. */
  summary: string;
  /** Set when another article has the same title: what tells them apart in <title> (model/shared-titles.ts). */
  titleNote?: string;
}

/** One page of a channel's list (its own and its descendants' articles, newest first). */
export interface ListPage {
  channel: string;
  number: number;
  total: number;
  route: string;
  /** Article ids on this page, newest first. */
  ids: readonly string[];
}

/** An old address of a story (aliases:): a small page at `route` that sends readers on to `to`. */
export interface Alias {
  route: string;
  /** As the story's file wrote it. */
  alias: string;
  /** The id of the story it leads to, and that story's route. */
  id: string;
  to: string;
  file: string;
  line?: number;
}
