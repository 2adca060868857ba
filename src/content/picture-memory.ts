// Pictures' facts, kept while their files stay as they were: dev rebuilds, and a build's model is
// made again as stories change, without reading any photo twice. A file's stamp is looked at again
// only after public/ changed: a story's edit costs no look at a thousand photos.
import { stampOf } from "./file-stamps.js";
import { readImageFile, type ImageFacts, type ImageProblem } from "./image-facts.js";

export class PictureMemory {
  private readonly known = new Map<string, { stamp: string | undefined; facts: ImageFacts | ImageProblem; checked: number }>();
  /** Counts the changes to public/: a reading checked since the last one is trusted as it is. */
  private generation = 0;

  /** public/ changed: each picture's stamp is looked at again when it is next read. */
  publicChanged(): void {
    this.generation++;
  }

  /** The facts of the picture at `source`, read again only when its stamp changed. */
  readonly read = (source: string): ImageFacts | ImageProblem => {
    const known = this.known.get(source);
    if (known?.checked === this.generation) return known.facts;
    const stamp = stampOf(source);
    if (known && known.stamp === stamp) {
      known.checked = this.generation;
      return known.facts;
    }
    const facts = readImageFile(source);
    this.known.set(source, { stamp, facts, checked: this.generation });
    return facts;
  };
}
