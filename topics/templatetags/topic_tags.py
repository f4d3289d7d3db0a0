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
