// The explorer's tabs, in display order. Later tabs (attention grid, head detail,
// next-token distributions) are added here, one file each.
import { positionalView } from './positional';
import { modelView } from './model';
import { headView } from './head';
import { stepsView } from './steps';
import type { TabView } from './types';

export const VIEWS: TabView[] = [modelView, headView, positionalView, stepsView];
