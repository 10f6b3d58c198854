/** Types for parse-prometheus-text-format (the package ships none): prom2json-shaped output. */
declare module "parse-prometheus-text-format" {
  /** One metric family: TYPE is upper case ("COUNTER", "GAUGE", "UNTYPED"…); values are strings. */
  export interface MetricFamily {
    name: string;
    help: string;
    type: string;
    metrics: { value?: string; labels?: Record<string, string> }[];
  }
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
