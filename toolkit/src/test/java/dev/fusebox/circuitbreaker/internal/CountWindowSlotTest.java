package dev.fusebox.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The count window finds a ticket's slot without a division: always exactly {@code ticket % size}. */
class CountWindowSlotTest {

  @Test
  void everyTicketLandsInTheSlotOfItsRemainder() {
    SplittableRandom random = new SplittableRandom(7);
    int[] sizes = {1, 2, 3, 7, 32, 33, 100, 999, 1_000, 65_537, 1_000_000};
    for (int size : sizes) {
      CountWindow window = new CountWindow(size);
      for (long ticket = 0; ticket < 5_000; ticket++) {
        assertThat(window.slot(ticket)).as("size %d, ticket %d", size, ticket).isEqualTo((int) (ticket % size));
      }
      for (int i = 0; i < 20_000; i++) {
        long ticket = random.nextLong(Long.MAX_VALUE);
        assertThat(window.slot(ticket)).as("size %d, ticket %d", size, ticket).isEqualTo((int) (ticket % size));
      }
      // around the edge of the exact-in-double range, where the reciprocal's rounding is largest
      for (long ticket = (1L << 52) - 3_000; ticket < (1L << 52) + 3_000; ticket++) {
        assertThat(window.slot(ticket)).as("size %d, ticket %d", size, ticket).isEqualTo((int) (ticket % size));
      }
      for (long k = (1L << 52) / size - 50; k < (1L << 52) / size; k++) {
        for (long ticket = k * size - 1; ticket <= k * size + 1; ticket++) {
          assertThat(window.slot(ticket)).as("size %d, ticket %d", size, ticket).isEqualTo((int) (ticket % size));
        }
      }
    }
  }

  @Test
  void multiplesOfTheSizeWhoseQuotientTheReciprocalUnderestimates() {
    // 49 * (1.0 / 49) rounds below 1: tickets like these need the upward correction
    CountWindow window = new CountWindow(49);
    for (long ticket : new long[] {3_406_624_132_350_019L, 349_587_701_709_029L, 1_347_069_813_400_850L}) {
      assertThat(window.slot(ticket)).as("ticket %d", ticket).isEqualTo((int) (ticket % 49));
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int size = 1; size <= 300; size++) {
      CountWindow sized = new CountWindow(size);
      for (int i = 0; i < 300; i++) {
        long k = random.nextLong(1, (1L << 52) / size);
        for (long ticket = k * size - 1; ticket <= k * size + 1; ticket++) {
          assertThat(sized.slot(ticket)).as("size %d, ticket %d", size, ticket).isEqualTo((int) (ticket % size));
        }
      }
    }
  }
}
