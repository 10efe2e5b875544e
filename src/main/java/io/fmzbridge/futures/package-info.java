/**
 * What every exchange's contracts share on the FMZ side: the settings FMZ keeps per exchange object
 * ({@code SetContractType}, {@code SetDirection}), the futures-only method names and the legacy
 * {@code io} envelope, and the completion of a bare symbol into a contract. Exchange-neutral: an
 * exchange's futures routes use it the way they use {@code call}.
 */
package io.fmzbridge.futures;
