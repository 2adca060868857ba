// Each test file removes the temp folders it made once its tests are done, so a long run does not
// fill the disk before the run's own temp root is removed.
import { afterAll } from "vitest";
import { removeTempDirs } from "../helpers/site.js";

afterAll(() => removeTempDirs());
