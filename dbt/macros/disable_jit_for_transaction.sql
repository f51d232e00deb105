{#-
    The enrichment and ranking queries are long generated expressions with huge row estimates, so
    PostgreSQL's JIT kicks in and spends far longer compiling them with LLVM than running them
    (measured: 24 s of JIT for a 30 s ranking). SET LOCAL lasts until the model's transaction ends.
-#}
{% macro disable_jit_for_transaction() -%}
    set local jit = off
{%- endmacro %}
