// GCC's comparison tracing also reports floating-point comparisons, which libFuzzer does not
// use: these hooks take them and do nothing.

extern "C" {
void __sanitizer_cov_trace_cmpf(float, float) {}
void __sanitizer_cov_trace_cmpd(double, double) {}
}
