// One slice of the fuzz campaign (campaign.ts): vitest runs slices on separate workers and shards.
import { fuzzCampaign } from './campaign.js';

fuzzCampaign(import.meta.url);
