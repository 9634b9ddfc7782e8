package dev.tributary.sandbox.aws;

import java.util.List;

/**
 * One page of a listing: the items from an offset on, at most a page's size, and the marker of the next page (the
 * offset it starts at, as the stand-ins hand markers out), null on the last page.
 */
public record Page<T>(List<T> items, String next) {

    public static <T> Page<T> of(List<T> all, int start, int size) {
        int from = Math.min(start, all.size());
        int end = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, end)), end < all.size() ? Integer.toString(end) : null);
    }
}
