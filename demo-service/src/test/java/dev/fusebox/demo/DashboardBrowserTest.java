package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import dev.fusebox.testing.ManualClock;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: it shows the breaker CLOSED, then OPEN once the upstream fails, pushed
 * by server-sent events into the same page (no reload).
 */
class DashboardBrowserTest {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @TempDir
  Path profile;

  @Test
  void dashboardShowsTheBreakerOpeningWithoutAReload() throws Exception {
    assertThat(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as("this test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
        .isTrue();
    try (TestUpstream upstream = TestUpstream.start();
        RunningDemo demo = RunningDemo.against(upstream, UserLookupEndToEndTest.GUARD, new ManualClock())) {
      WebDriver browser = chromium();
      try {
        // given the dashboard open on a healthy service
        browser.get(demo.url() + "/dashboard");
        // The page re-renders its rows on every push, so an element found once can go stale: every check finds
        // its element afresh (the waits below), and a check that caught a row being replaced is tried again.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        By state = By.cssSelector("#breakers tr.breaker .state");
        wait.until(ExpectedConditions.textToBe(state, "CLOSED"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#breakers tr.breaker .name"),
            demo.service().breakers().get(0).name()));
        ((JavascriptExecutor) browser).executeScript("window.fuseboxMarker = 'same page';");
        assertThat(demo.get("/users/1").statusCode()).isEqualTo(200);
        wait.until(ExpectedConditions.textToBe(By.id("total-upstream"), "1"));

        // when the upstream fails enough for the breaker to open
        upstream.mode(Mode.FAILING);
        assertThat(demo.get("/users/2").statusCode()).isEqualTo(503);
        assertThat(demo.get("/users/3").statusCode()).isEqualTo(503);
        assertThat(demo.service().breakers().get(0).state()).isEqualTo(CircuitState.OPEN);

        // then the same page shows it OPEN, with the outcomes, without being reloaded
        wait.until(ExpectedConditions.textToBe(state, "OPEN"));
        wait.until(ExpectedConditions.textToBe(By.id("total-error"), "2"));
        wait.until(ExpectedConditions.attributeContains(state, "class", "state-OPEN"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recent tr.outcome"), 3));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.fuseboxMarker;"))
            .isEqualTo("same page");
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        // for people: what the page looked like (target/dashboard-open.png)
        Files.write(Path.of("target/dashboard-open.png"),
            ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void chartsDrawLiveSamplesAndFaultButtonsOpenTheBreaker() throws Exception {
    assertThat(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as("this test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
        .isTrue();
    // the embedded simulated API with its fault controls, and a breaker that opens after 10 calls
    String config = dev.fusebox.demo.testing.TestFiles.json("""
        {"admin": {"enabled": true, "port": 0},
         "userApi": {"guard": {"retry": null, "circuitBreaker": {"failureRate": 0.5, "minimumCalls": 10,
                                                                   "window": "60s", "openFor": "5m"}}}}""");
    try (RunningDemo demo = RunningDemo.start(java.util.Map.of("DEMO_CONFIG", config), java.util.List.of(),
        dev.fusebox.spi.Clock.system())) {
      WebDriver browser = chromium();
      try {
        // given the dashboard open and some healthy traffic
        browser.get(demo.url() + "/dashboard");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#faults button[data-preset=error]")));
        for (int id = 1; id <= 20; id++) {
          assertThat(demo.get("/users/" + id).statusCode()).isEqualTo(200);
        }

        // then the charts draw one-second samples, and keep drawing new ones
        By callRate = By.cssSelector(".breaker-card canvas.call-rate");
        wait.until(d -> Integer.parseInt(d.findElement(callRate).getAttribute("data-points")) > 0);
        long samples = ((Number) js.executeScript("return window.fuseboxCharts.samples;")).longValue();
        wait.until(d -> ((Number) js.executeScript("return window.fuseboxCharts.samples;")).longValue() > samples + 1);

        // when the "error" button is pressed and traffic goes on
        browser.findElement(By.cssSelector("#faults button[data-preset=error]")).click();
        wait.until(d -> demo.service().simulatedApi().faults().errorRate() == 1.0);
        for (int id = 1; id <= 30 && demo.service().breakers().get(0).state() != CircuitState.OPEN; id++) {
          demo.get("/users/" + id);
        }
        assertThat(demo.service().breakers().get(0).state()).isEqualTo(CircuitState.OPEN);
        for (int id = 1; id <= 20; id++) {
          assertThat(demo.get("/users/" + id).headers().firstValue("X-Served-From")).hasValue("cache");
        }

        // then the state timeline turns OPEN and the failure-rate chart has points, without a reload
        wait.until(d -> "OPEN".equals(d.findElement(By.cssSelector(".breaker-card canvas.state-timeline"))
            .getAttribute("data-last-state")));
        wait.until(d -> Integer.parseInt(d.findElement(By.cssSelector(".breaker-card canvas.failure-rate"))
            .getAttribute("data-points")) > 0);
        wait.until(d -> Integer.parseInt(d.findElement(By.cssSelector(".breaker-card canvas.latency"))
            .getAttribute("data-points")) > 0);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#breakers tr.breaker .state"), "OPEN"));
        // for people, and kept as a build artifact: target/dashboard.png
        Files.write(Path.of("target/dashboard.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1300",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
