/**
 * The model artifact format, the retrieval vector layout and the exact score shared by every
 * module.
 */
package dev.marquee.core;
