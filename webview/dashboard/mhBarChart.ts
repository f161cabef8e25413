import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ThemeController } from '../shared/themeController';
import { barChartConfig, chartHeight, chartTheme } from './barChartConfig';
import type { Bar } from './dashboardModel';

// Chart.js v4 draws only what is registered: these are the pieces of a horizontal bar chart with tooltips.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * A bar chart drawn by Chart.js on a canvas, in the theme's chart colours, redrawn when the figures
 * or the theme change. The canvas is hidden from screen readers: the caller names the chart with
 * its figures and offers them as a table.
 */
@customElement('mh-bar-chart')
export class MhBarChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .frame {
      position: relative;
      width: 100%;
    }
  `;

  @property({ attribute: false }) bars: readonly Bar[] = [];
  /** What the value axis counts ("minutes"). */
  @property() unit = '';
  @query('canvas') private canvas!: HTMLCanvasElement;
  private chart: Chart<'bar', number[], string> | undefined;
  private readonly theme = new ThemeController(this);

  override render() {
    return html`<div class="frame" style=${styleMap({ height: `${chartHeight(this.bars.length)}px` })}><canvas aria-hidden="true"></canvas></div>`;
  }

  protected override updated(): void {
    const config = barChartConfig(this.bars, this.unit, chartTheme((name) => getComputedStyle(this).getPropertyValue(name), this.theme.highContrast));
    if (!this.chart) {
      this.chart = new Chart(this.canvas, config);
      return;
    }
    this.chart.data = config.data;
    this.chart.options = config.options ?? {};
    this.chart.update();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved back into the page (a folded section opened again): draw a new chart.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-bar-chart': MhBarChart;
  }
}
