/**
 * The Apache Spark executor: one task per (configuration, fold), data shipped by path or broadcast,
 * retries by Spark's scheduler, results as a typed {@code Dataset<Row>} written as CSV and Parquet.
 * Only this package (and the examples that run it) depends on Spark.
 */
package dev.tensorj.selection.spark;
