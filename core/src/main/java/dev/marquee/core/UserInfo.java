package dev.marquee.core;

/**
 * A user's side features: age in years (0 if unknown), gender ("M", "F" or ""), occupation ("" if
 * unknown).
 */
public record UserInfo(long id, int age, String gender, String occupation) {}
