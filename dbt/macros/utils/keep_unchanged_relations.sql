{#- Views and seeds change only with the code, yet dbt recreates every view and reloads every seed
    on every build: 35 of the daily build's nodes (issue 16), and each recreated view takes an
    exclusive lock its readers wait on. So each build stamps the view or seed table with a digest
    of what made it (the relation's comment; persist_docs is off), and a later build that finds the
    same digest keeps the relation and runs only the node's post-hooks.

    Anything else builds it again, as dbt always did: a full refresh; a relation that is missing
    (rebuilding a view or table drops the views over it with CASCADE); a change of its compiled SQL
    or CSV, its config, or its parents' code. A hand edit of a seed table is undone by
    `dbt seed --full-refresh`. -#}

{% materialization view, adapter='postgres' %}
    {{ return(keep_or_build(this.incorporate(type='view'), sql, dbt.materialization_view_default)) }}
{% endmaterialization %}

{% materialization seed, adapter='postgres' %}
    {{ return(keep_or_build(this.incorporate(type='table'), model.checksum.checksum, dbt.materialization_seed_default)) }}
{% endmaterialization %}

{#- Keeps the relation when its stamp matches, else builds it with dbt's own materialization
    (`build`) and stamps it. -#}
{% macro keep_or_build(relation, source_text, build) %}
    {%- set stamp = relation_build_stamp(source_text) -%}
    {%- if stored_build_stamp_is(stamp) -%}
        {{ return(keep_unchanged_relation(relation)) }}
    {%- endif -%}
    {%- set result = build() -%}
    {%- do write_build_stamp(relation, stamp) -%}
    {{ return(result) }}
{% endmacro %}

{#- What the relation is made from: its SQL (or CSV checksum), its config, and each parent's code
    (a view over `select *` must follow its parent's columns). -#}
{% macro relation_build_stamp(source_text) %}
    {%- set parts = [source_text, tojson(model.config)] -%}
    {%- for parent_id in model.depends_on.nodes -%}
        {%- set parent = graph.nodes.get(parent_id) or graph.sources.get(parent_id) -%}
        {%- set parent_code = parent.checksum.checksum if parent.checksum is defined else tojson(parent.columns) -%}
        {%- do parts.append(parent_id ~ ' ' ~ parent_code) -%}
    {%- endfor -%}
    {{ return('dbt build ' ~ local_md5(parts | join('\n'))) }}
{% endmacro %}

{% macro stored_build_stamp_is(stamp) %}
    {%- if should_full_refresh() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set stored = run_query(
        "select obj_description(to_regclass(" ~ dbt.string_literal(this.include(database=false).render()) ~ "), 'pg_class')"
    ) -%}
    {{ return(stored.columns[0].values()[0] == stamp) }}
{% endmacro %}

{#- A kept relation runs its post-hooks (grants, the data version) and reports a result; its
    pre-hooks prepare a build (session settings) that does not happen. -#}
{% macro keep_unchanged_relation(relation) %}
    {%- call noop_statement('main', 'KEPT unchanged', 'KEPT', 0) -%}{%- endcall -%}
    {#- The seed runner reports the CSV's rows (`dbt seed --show`); dbt's own seed materialization
        stores them when it loads, so only a kept seed reads its CSV here. -#}
    {%- if model.resource_type == 'seed' -%}
        {%- do store_result('agate_table', response='OK', agate_table=load_agate_table()) -%}
    {%- endif -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {#- Only a hook run inside the transaction opened one. -#}
    {%- if post_hooks | selectattr('transaction') | list -%}
        {{ adapter.commit() }}
    {%- endif -%}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [relation]}) }}
{% endmacro %}

{% macro write_build_stamp(relation, stamp) %}
    {%- call statement('write_build_stamp', auto_begin=true) -%}
        comment on {{ relation.type }} {{ relation }} is {{ dbt.string_literal(stamp) }}
    {%- endcall -%}
    {{ adapter.commit() }}
{% endmacro %}
