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
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        By state = By.cssSelector("#breakers tr.breaker .state");
        wait.until(ExpectedConditions.textToBe(state, "CLOSED"));
        assertThat(browser.findElement(By.cssSelector("#breakers tr.breaker .name")).getText())
            .isEqualTo(demo.service().breakers().get(0).name());
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
        assertThat(browser.findElement(state).getAttribute("class")).contains("state-OPEN");
        assertThat(browser.findElements(By.cssSelector("#recent tr.outcome"))).hasSize(3);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.fuseboxMarker;"))
            .isEqualTo("same page");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
        // for people: what the page looked like (target/dashboard-open.png)
        Files.write(Path.of("target/dashboard-open.png"),
            ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
