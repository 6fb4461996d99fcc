/** Command-line arguments of the benchmark mains ({@code --name value}). */
package io.tollgrid.loadtests.cli;
