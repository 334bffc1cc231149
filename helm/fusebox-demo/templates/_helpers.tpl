{{/*
Expand the name of the chart.
*/}}
{{- define "fusebox-demo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated at 63 characters because some Kubernetes name fields are
limited to this (by the DNS naming spec). If the release name contains the chart name it is used as the full name.
*/}}
{{- define "fusebox-demo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "fusebox-demo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "fusebox-demo.labels" -}}
helm.sh/chart: {{ include "fusebox-demo.chart" . }}
{{ include "fusebox-demo.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "fusebox-demo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fusebox-demo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The name of the service account to use.
*/}}
{{- define "fusebox-demo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fusebox-demo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "fusebox-demo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The demo's JSON configuration file (DEMO_CONFIG), mounted from the ConfigMap.
*/}}
{{- define "fusebox-demo.configJson" -}}
{{- $userApi := dict "guard" .Values.guard "deadline" .Values.userApi.deadline -}}
{{- if .Values.userApi.serveStaleAfter }}{{ $_ := set $userApi "serveStaleAfter" .Values.userApi.serveStaleAfter }}{{ end -}}
{{- $config := dict
      "userApi" $userApi
      "cache" (dict "maxSize" (int64 .Values.cache.maxSize) "ttl" .Values.cache.ttl)
      "shutdown" (dict "timeout" .Values.shutdownTimeout) -}}
{{- toPrettyJson $config }}
{{- end }}

{{/*
What of the configuration takes effect only at start-up: everything but userApi.guard, which the running demo
reloads in place when the mounted file changes (breaker state kept). The pods' checksum/config annotation is taken
over this, so a `helm upgrade` that changes only the guard updates the ConfigMap without restarting a pod.
*/}}
{{- define "fusebox-demo.restartConfigJson" -}}
{{- $config := fromJson (include "fusebox-demo.configJson" .) -}}
{{- $userApi := get $config "userApi" -}}
{{- $_ := unset $userApi "guard" -}}
{{- toPrettyJson $config }}
{{- end }}
