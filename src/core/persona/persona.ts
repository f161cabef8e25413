/** A time of day, `HH:MM`, 24-hour. */
export type ClockTime = string;

export interface TimeWindow {
  start: ClockTime;
  end: ClockTime;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The identity kernel: who the person is and how the twin should think and act for them. */
export interface Persona {
  identity: {
    name: string;
    role: string;
    purpose: string;
    aliases: string[];
  };
  personality: {
    communication: {
      tone: string;
      formality: 'casual' | 'neutral' | 'formal';
      verbosity: 'terse' | 'balanced' | 'detailed';
      humour: 'none' | 'light' | 'playful';
    };
    /** Big Five traits, each 0..1. */
    bigFive: { openness: number; conscientiousness: number; extraversion: number; agreeableness: number; neuroticism: number };
    workStyle: string[];
  };
  /** 1 is the highest priority. */
  values: { name: string; description?: string; priority: number }[];
  boundaries: {
    /** Topics never to raise or discuss. */
    topics: string[];
    /** Actions never to take. */
    actions: string[];
  };
  goals: { id: string; text: string; horizon: 'short' | 'mid' | 'long'; status: 'active' | 'paused' | 'done' | 'dropped'; due?: string }[];
  context: {
    domains: string[];
    projects: { name: string; description?: string; status?: 'active' | 'paused' | 'done' }[];
    currentFocus: string;
  };
  /** People, and how to address them. */
  relationships: { name: string; relation: string; address: string; notes?: string }[];
  routines: {
    /** IANA zone; empty means the machine's. */
    timezone?: string;
    workHours: TimeWindow & { days: Weekday[] };
    quietHours: TimeWindow[];
    sleepWindow: TimeWindow;
  };
  decisionRules: {
    /** Never broken. */
    hard: string[];
    /** Preferences weighed against each other, weight 0..1. */
    soft: { rule: string; weight: number }[];
  };
  notes: string;
}

/** `persona/core.json` and each `persona/history/NNNNNN.json`: one revision of the persona. */
export interface PersonaDocument {
  format: 'metahuman.persona';
  /** File format version (2; version 1 was a flat prototype shape). */
  version: number;
  /** Counts saves: 1 is the first persona, each save adds one. */
  revision: number;
  savedAt: string;
  /** Why it was saved: `created from template`, `rollback to 3`… */
  note?: string;
  persona: Persona;
}

export const PERSONA_FORMAT_VERSION = 2;
