"""Structured data for topic and therapy pages, built from what the page shows."""

from django import template

from topics.jsonld import therapy_structured_data, topic_structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_json_ld(context, topic, therapies):
    return topic_structured_data(topic, context.get("request"), therapies)


@register.simple_tag(takes_context=True)
def therapy_json_ld(context, therapy, topics):
    return therapy_structured_data(therapy, context.get("request"), topics)


@register.simple_tag
def therapies_not_in_body(page, therapies):
    """The topic's therapies its body does not already list (each therapy listed once)."""
    in_body = {
        therapy.translation_key
        for block in page.body
        if block.block_type == "therapy_links"
        for therapy in block.value["therapies"]
        if therapy is not None
    }
    return [therapy for therapy in therapies if therapy.translation_key not in in_body]
